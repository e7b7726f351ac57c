"""Budget optimizer: allocation, guardrails, action plans, apply, audit."""
