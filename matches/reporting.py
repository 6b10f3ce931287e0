"""Who records the incidents a match report carries.

The sanctions app records them, with the sanctions the rulebook proposes, and registers itself here
when it starts (`SanctionsConfig.ready`): the report service calls it inside its own transaction,
without importing an app that depends on this one.
"""

_recorder = None


def register_incident_recorder(recorder):
    """`recorder(match, incidents, rulebook, actor=…)` records them and returns the incidents recorded now."""
    global _recorder
    _recorder = recorder


def record_incidents(match, incidents, rulebook, *, actor):
    if not incidents:
        return []
    if _recorder is None:
        raise RuntimeError("No incident recorder: is the sanctions app installed?")
    return _recorder(match, incidents, rulebook, actor=actor)
