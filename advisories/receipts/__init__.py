"""Receipt confirmation beyond models and services: forms, reads for the dashboards, the
notice e-mail and the background tasks that send it."""
