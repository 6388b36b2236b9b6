"""Who may do what: logins, sessions, throttling and revocation (``docs/security.md``).

* :mod:`.keys` — the instance secret and the keys derived from it (badge hashes).
* :mod:`.hashing` — argon2id in its own one-thread pool, never inside a store transaction.
* :mod:`.throttle` — pure rules: delays and lockouts per source address and per account.
* :mod:`.service` — :class:`~.service.AuthService`: password, PIN and badge logins,
  sessions for people and devices, HTTP Basic for scripts, revocation of live sockets.
* :mod:`.permissions` — the role matrix of the scanner messages and the office API.
"""
