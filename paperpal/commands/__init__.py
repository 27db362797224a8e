"""The CLI's command modules, one per family of commands.

Each module's top level imports only click and paperpal's light modules; heavy work is imported
inside the command function.
"""
