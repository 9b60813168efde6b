"""Scam reports from citizens: the spam challenge, the consent, the screenshots' cleaning."""
