"""Attune's Django side: the project package and the couple domain."""
