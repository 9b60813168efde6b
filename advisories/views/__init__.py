"""Views: thin functions over the selectors and services of the app."""
