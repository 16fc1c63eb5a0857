"""The attestation itself (DOMAIN.md §5, §11, §12): periods, commissions, applications, review and
decision. Rules are plain Python here (states, eligibility, decision, conflicts); ``operations``
changes the database, one transition at a time; views and jobs only call them."""
