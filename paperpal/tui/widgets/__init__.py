"""Widgets of the paperpal reader."""
