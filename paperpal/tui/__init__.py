"""paperpal.tui"""
