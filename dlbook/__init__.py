"""Code shared by the chapters of the deep-learning course companion.

One module per idea.  A chapter's topic has ``<topic>`` (the science), and where it
needs them ``<topic>_views`` (tables and figures) and ``<topic>_explorer`` (widgets):

- :mod:`dlbook.activations`, :mod:`dlbook.activations_views`,
  :mod:`dlbook.activations_explorer` -- the activation registry, its tables, and the
  activation explorer; :mod:`dlbook.formula` reads a typed activation safely;
- :mod:`dlbook.backprop`, :mod:`dlbook.backprop_views`, :mod:`dlbook.backprop_explorer`
  -- the homework's small ReLU network worked by hand, its tables and diagram, and its
  widgets;
- :mod:`dlbook.vanishing`, :mod:`dlbook.vanishing_explorer` -- vanishing and exploding
  gradients in chains, deep networks and recurrences, and their explorer;
- :mod:`dlbook.loss_curves`, :mod:`dlbook.loss_curves_views`,
  :mod:`dlbook.loss_curves_explorer` -- the MSE-versus-BCE experiment on two MNIST
  digits (with its remedies), its tables, and drawing and exploring its runs;
  :mod:`dlbook.diagnosis` reads training curves (best epoch, overfitting, bias and
  variance);
- :mod:`dlbook.optimisers`, :mod:`dlbook.optimisers_explorer` -- exponentially weighted
  averages, six optimisers from scratch, test surfaces and gradient noise; the explorer
  of their paths;
- :mod:`dlbook.mnist_experiment`, :mod:`dlbook.mnist_experiment_views`,
  :mod:`dlbook.mnist_experiment_explorer` -- the course's MNIST experiment
  (inverted-image augmentation, a LeakyReLU that takes any slope, the CNN of the slope
  sweep, the collapse and linear-classifier experiments, the recorder of the full
  sweep); reading a sweep across seeds beside the course's own run, with digit and
  confusion-matrix figures; and the explorer of the recorded runs.

Shared by several chapters:

- :mod:`dlbook.mnist` -- MNIST, verified, from a folder, Keras or the shipped sample;
- :mod:`dlbook.profile` -- the ``quick``/``full`` profile switch;
- :mod:`dlbook.style` -- the figure style every chapter uses;
- :mod:`dlbook.widgets` -- widgets that work live in a kernel and statically on the
  site;
- :mod:`dlbook.gradcheck` -- checking a derivative numerically and automatically;
- :mod:`dlbook.training` -- building a Keras network's state before its first step, so
  that TensorFlow traces the step once;
- :mod:`dlbook.page` -- the page toolkit: a page's hidden setup, quiet glue that
  refuses sentences, and Markdown tables.

The site's machinery (the Sphinx extension) is apart, in :mod:`dlbook_site`.
"""

__version__ = "0.1.0"
