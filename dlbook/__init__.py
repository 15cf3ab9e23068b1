"""Code shared by the chapters of the deep-learning course companion.

One module per idea:

- :mod:`dlbook.profile` -- the ``quick``/``full`` profile switch;
- :mod:`dlbook.style` -- the figure style every chapter uses;
- :mod:`dlbook.widgets` -- widgets that work live in a kernel and statically on the site;
- :mod:`dlbook.gradcheck` -- checking a derivative numerically and automatically;
- :mod:`dlbook.activations`, :mod:`dlbook.formula`, :mod:`dlbook.activation_explorer` -- the
  activation registry, a safe formula reader, and the activation explorer;
- :mod:`dlbook.backprop`, :mod:`dlbook.backprop_views`, :mod:`dlbook.backprop_explorer` --
  the homework's small ReLU network worked by hand, its tables and diagram, and its widgets;
- :mod:`dlbook.gradient_flow`, :mod:`dlbook.gradient_flow_explorer` -- vanishing and exploding
  gradients in chains, deep networks and recurrences, and their explorer;
- :mod:`dlbook.diagnosis` -- reading training curves: best epoch, overfitting, bias and variance;
- :mod:`dlbook.loss_curves`, :mod:`dlbook.loss_curves_explorer` -- the MSE-versus-BCE experiment
  on two MNIST digits (with its remedies), and drawing and exploring its recorded runs;
- :mod:`dlbook.optimisers`, :mod:`dlbook.optimiser_explorer` -- exponentially weighted averages,
  six optimisers from scratch, test surfaces and gradient noise; the explorer of their paths;
- :mod:`dlbook.mnist_experiment` -- the course's MNIST experiment: inverted-image augmentation,
  the preprocessing steps, a LeakyReLU that takes any slope, the CNN of the slope sweep, the
  collapse and linear-classifier experiments, and the recorder of the full sweep;
- :mod:`dlbook.mnist_results`, :mod:`dlbook.mnist_figures`, :mod:`dlbook.mnist_explorer` -- reading
  a sweep across seeds (and the course's own run), digit and confusion-matrix figures, and the
  explorer of the recorded runs;
- :mod:`dlbook.mnist` -- MNIST, verified, from a folder, Keras or the shipped sample;
- :mod:`dlbook.toc` -- the pages of the table of contents;
- :mod:`dlbook.site_assets` -- the pinned JavaScript the site serves from its own files;
- :mod:`dlbook.icon_fonts` -- the theme's icon fonts cut down to the icons the site shows.
"""

__version__ = "0.1.0"
