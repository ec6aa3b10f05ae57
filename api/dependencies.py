"""Shared dependencies: the store and the settings. Tests swap them with app.dependency_overrides."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query, Request

from samverkan.store import Store

from .settings import Settings


def get_store(request: Request) -> Store:
    """The store the app was created with."""
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
LangDep = Annotated[Literal["sv", "en"], Query(description="Language of labels: sv (default) or en.")]
