"""Extract/load: platform clients that yield Arrow tables, and the loader into the warehouse."""
