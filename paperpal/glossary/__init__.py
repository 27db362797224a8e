"""paperpal.glossary"""
