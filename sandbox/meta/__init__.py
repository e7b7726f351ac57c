"""Meta Graph API emulator (Marketing API wire format) over a :class:`MetaBackend`."""
