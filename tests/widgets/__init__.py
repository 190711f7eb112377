"""Tests of the interactive widgets, driven from Python as a learner would click them."""
