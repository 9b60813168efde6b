"""Receipt confirmation beyond models and web-side services: forms, reads for the dashboards,
the notice e-mail, the background tasks that send it and the writes those tasks make."""
