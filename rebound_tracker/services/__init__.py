"""Use cases. Each service method that writes owns its transaction."""
