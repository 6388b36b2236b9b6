"""The HTTP/WebSocket side: a Quart-Trio app (:mod:`.app`) served by Hypercorn's Trio
worker together with the background tasks (:mod:`.serve`)."""
