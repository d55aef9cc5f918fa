"""Actors: mentions resolved to one canonical identity each (names, resolution, roles,
analyst corrections). The stage that runs it is ``newstrace.stages.actors``."""
