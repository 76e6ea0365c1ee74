"""Sharing a written answer with the room, with consent: the learner ticks "Share with the room (without my name)"
next to an answer the room would discuss, and the tick is saved with the answer (`shared`, the ids of the parts
shared). Only shared parts reach the tutor's room view (widgets/storage/room.py), never with a name; unticking
takes the part off the room view at its next refresh.

An exercise offers it by deriving its state from `Shareable` too and saying which parts can be shared.
"""
from traitlets import HasTraits, List, TraitError, validate

SHARE_LABEL = "Share with the room (without my name)"


class Shareable(HasTraits):
    shared = List().tag(saved=True)     # ids of the parts the learner shares with the room, in the order ticked

    def shareable_parts(self):
        """The ids of the parts that can be shared (each exercise says)."""
        return ()

    @validate("shared")
    def _valid_shared(self, proposal):
        value = proposal["value"]
        known = set(self.shareable_parts())
        if not isinstance(value, list) or not all(isinstance(part, str) for part in value):
            raise TraitError("what is shared must be a list of the parts' ids.")
        unknown = [part for part in value if part not in known]
        if unknown:
            raise TraitError(f"there is no part '{unknown[0]}' to share here.")
        return list(dict.fromkeys(value))

    def is_shared(self, part):
        return part in self.shared

    def set_shared(self, part, on):
        """Share a part with the room (on) or stop sharing it."""
        kept = [p for p in self.shared if p != part]
        self.shared = kept + [part] if on else kept
