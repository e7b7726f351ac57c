"""Dashboard spec, Looker Studio Linking-API URL builder and the local HTML preview."""
