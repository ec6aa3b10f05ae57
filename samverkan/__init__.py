"""Samverkan: a knowledge graph of who does what in local crime prevention in Sweden."""

__version__ = "0.1.0"
