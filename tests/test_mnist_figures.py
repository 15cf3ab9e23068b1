import matplotlib.pyplot as plt
import numpy as np

from dlbook.mnist_figures import confusion_plot, digit_grid


def test_digit_grid_draws_each_image_with_its_title_and_hides_the_rest():
    images = np.zeros((5, 28, 28, 1), np.uint8)
    fig = digit_grid(images, titles=list("abcde"), columns=4)
    axes = fig.axes
    assert len(axes) == 8
    assert [ax.get_title() for ax in axes[:5]] == list("abcde")
    assert sum(bool(ax.images) for ax in axes) == 5 and not any(ax.axison for ax in axes[5:])
    plt.close(fig)


def test_confusion_plot_writes_every_nonzero_count():
    counts = np.array([[5, 1, 0], [0, 4, 2], [0, 0, 6]])
    fig = confusion_plot(counts)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == sorted(["5", "1", "4", "2", "6"])
    shaded = fig.axes[0].images[0].get_array()
    assert np.isnan(np.diag(shaded.filled(np.nan))).all()  # the diagonal is not coloured
    plt.close(fig)
