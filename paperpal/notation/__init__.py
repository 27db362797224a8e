"""paperpal.notation"""
