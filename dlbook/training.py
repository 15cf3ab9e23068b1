"""What the pages that train Keras networks share: building a network's state before
its first step.
"""


def build_state(network, x, y):
    """Create the variables of a compiled ``network``'s optimiser and metrics now, from
    one batch (``x``, ``y``).

    Left to itself, Keras creates them while TensorFlow traces the first training or
    evaluation step, and TensorFlow, having seen variables created, then traces that
    step a second time.  Built first, each step is traced once, which saves seconds per
    network.  No number changes: the metrics start again from zero in every ``fit`` and
    ``evaluate``.
    """
    network.optimizer.build(network.trainable_variables)
    network.compute_metrics(x, y, network(x), None)
