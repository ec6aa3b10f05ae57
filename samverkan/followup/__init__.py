"""The yearly follow-up of agreements: what was planned, what was recorded per year, files per agreement-year.

    planned_follow_up(store, agreement)          # commitment → Planned (own, or the agreement's)
    recorded_statuses(store, agreement)          # commitment → {year: Recorded}
    due_years(store, agreement, today)           # years that have ended for which a follow-up is promised
    follow_up_of(store, agreement, lang, today)  # per commitment: planned + recorded + years without a status
"""

from .naming import agreement_of_report, follow_up_path, record_iri, report_iri
from .status import (STATUS_SCHEME, STATUSES, Planned, Recorded, due_years, follow_up_of, planned_follow_up,
                     recorded_statuses, status_labels)

__all__ = ["STATUS_SCHEME", "STATUSES", "Planned", "Recorded", "agreement_of_report", "due_years", "follow_up_of",
           "follow_up_path", "planned_follow_up", "record_iri", "recorded_statuses", "report_iri", "status_labels"]
