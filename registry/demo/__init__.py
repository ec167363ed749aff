"""Synthetic demo registry: realistic NAACCR v26 patients and tumors for ``registry demo``, benchmarks and reports.

Public API: :func:`registry.demo.generator.generate_registry`, :class:`registry.demo.generator.DemoOptions`,
:data:`registry.demo.generator.FACILITIES` and :func:`registry.demo.population.generate_population`.
Frequency tables and their provenance are in ``registry/demo/data``.
"""
