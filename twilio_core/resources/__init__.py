"""The generic resource engine: declarations (operations, parameters), models, pages.

Product plugins build on these; nothing here does I/O except through the
client passed in.
"""

from . import fields
from .model import Model, python_name, wire_name
from .operation import KINDS, Operation, Param, serialise
from .methods import ClientT, ClientVar, TypedByClient, call, streamed
from .resource import MAX_PAGE_SIZE, InstanceContext, ListResource, Namespace, Page, Resource

__all__ = [
    "fields", "Model", "python_name", "wire_name", "KINDS", "Operation", "Param", "serialise",
    "MAX_PAGE_SIZE", "InstanceContext", "ListResource", "Namespace", "Page", "Resource",
    "ClientT", "ClientVar", "TypedByClient", "call", "streamed",
]
