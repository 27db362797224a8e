"""paperpal.store"""
