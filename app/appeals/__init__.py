"""Appeals (обращения): seven types, each a workflow that ends by changing the right thing
(DOMAIN.md §5; issue 16). types.py says what each type is about and who answers it, states.py the
transitions, rules.py the deadlines (versioned data), operations.py filing and answering, effects.py
what upholding does, inside the answer's transaction, as an audited amendment."""
