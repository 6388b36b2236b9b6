"""Finalization: a packed order becomes its label, Subiekt document, PDF and deliveries."""
