"""Screens of the paperpal reader."""
