"""Pictures of MNIST digits for the experiment's pages: a grid of images, a confusion matrix."""

import numpy as np

from dlbook import style


def digit_grid(images, titles=None, columns=8, size=1.0):
    """Images (n, 28, 28[, 1]) in rows of ``columns``, grey, 0 black and 255 white, each in a thin frame."""
    images = np.asarray(images)
    if images.ndim == 4:
        images = images[..., 0]
    rows = -(-len(images) // columns)
    fig, axes = style.subplots(rows, columns, figsize=(columns * size, rows * size * 1.15), squeeze=False)
    for index, ax in enumerate(axes.flat):
        if index >= len(images):
            ax.set_axis_off()
            continue
        ax.imshow(images[index], cmap="gray", vmin=0, vmax=255)
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
        for spine in ax.spines.values():  # a thin frame, so that white backgrounds show on a white page
            spine.set(visible=True, color="#888888", linewidth=0.8)
        if titles is not None:
            ax.set_title(titles[index], fontsize=9)
    return fig


def confusion_plot(counts, title=None):
    """A confusion matrix: rows are the true digit, columns the predicted one; errors only are shaded.

    The diagonal (correct answers) would dwarf every mistake, so it is written but not coloured.
    """
    counts = np.asarray(counts)
    errors = counts.astype(float)
    np.fill_diagonal(errors, np.nan)
    fig, ax = style.subplots(figsize=(5.2, 4.6))
    shaded = ax.imshow(errors, cmap="Oranges", vmin=0)
    ax.grid(False)
    for (true, predicted), count in np.ndenumerate(counts):
        if count:
            dark = true != predicted and count > 0.6 * np.nanmax(errors)
            ax.text(predicted, true, str(count), ha="center", va="center", fontsize=7,
                    color="white" if dark else "black", fontweight="bold" if true == predicted else "normal")
    ax.set(xticks=range(len(counts)), yticks=range(len(counts)), xlabel="predicted digit", ylabel="true digit")
    if title:
        ax.set_title(title)
    fig.colorbar(shaded, ax=ax, label="wrong answers", shrink=0.8)
    return fig
