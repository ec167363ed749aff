"""NAACCR XML (specification 1.8): streaming reader (:mod:`.reader`), writer (:mod:`.writer`), validation
rules (:mod:`.rules`, :mod:`.root`, :mod:`.entities`) and user-dictionary checks (:mod:`.userdict`)."""
