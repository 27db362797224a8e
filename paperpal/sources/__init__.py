"""paperpal.sources"""
