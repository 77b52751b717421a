"""``treaty serve --write``: sign-in (tokens, sessions, CSRF), the JSON write API, the
browser's proposal form (render/static/write.js), and several worker processes."""
