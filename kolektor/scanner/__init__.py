"""The scanner side: the WebSocket protocol spoken by handheld terminals
(:mod:`.protocol`, pure), the picking and packing rules with their store and pick-engine
calls (:mod:`.service`) and the thin Trio/Quart connection handler (:mod:`.connection`).
See ``docs/scanner-protocol.md``."""
