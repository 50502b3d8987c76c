"""pingyi_docs — 评议 document kinds built on the doctemplates engine."""
