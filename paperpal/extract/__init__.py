"""paperpal.extract"""
