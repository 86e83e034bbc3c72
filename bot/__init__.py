"""Telegram Q&A bot about Vietnamese telecom operators' public initiatives."""

__version__ = "0.1.0"
