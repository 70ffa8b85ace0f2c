"""TODO: filled in by its issue."""

from server.http import Api

api = Api()
