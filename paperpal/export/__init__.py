"""paperpal.export"""
