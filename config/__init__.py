"""Non-secret configuration files and the pydantic models that validate them."""
