"""What the API adds to the directory's listing serializer: the base address of the request it answers."""

from __future__ import annotations

from django.http import HttpRequest

from allervers.directory.exports.listings import ListingSerializer, public_distance, region_departments

__all__ = ["ListingSerializer", "public_distance", "region_departments", "serializer_for"]


def serializer_for(request: HttpRequest) -> ListingSerializer:
    """One serializer per answer, with the address the caller used (scheme and host)."""
    return ListingSerializer(request.build_absolute_uri("/"))
