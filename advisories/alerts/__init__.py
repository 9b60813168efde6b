"""E-mail alerts for citizens, without an account (double opt-in, one-click unsubscribe).

The worker side lives here: tokens, consent wording, matching an event to subscriptions,
the mails, the records the worker writes (sending.py) and the tasks. The web-side writes
(subscribe, confirm, unsubscribe, record an event, queue the digest, purge) are in
`advisories.services.alerts`, which enqueues the tasks; this package never imports the
services package (the import graph has no cycle: web writes → tasks → these → models).
"""
