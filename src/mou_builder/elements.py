"""The element taxonomy: what an SRO agreement can contain (ids used by clauses and profiles)."""

from __future__ import annotations

ELEMENTS: dict[str, str] = {
    "purpose": "Purpose of the agreement",
    "roles": "Roles and responsibilities",
    "supervision": "Supervision and chain of command",
    "information_sharing": "Information sharing",
    "records_access": "Access to student records",
    "qualifications": "Selection and qualifications",
    "training": "Training",
    "hours": "Assigned hours of duty",
    "performance_monitoring": "Performance monitoring and evaluation",
    "nondiscrimination": "Nondiscrimination",
    "leave_coverage": "Coverage during leave",
    "immigration": "Immigration enforcement",
    "use_of_force": "Use of force and de-escalation",
    "restorative_practices": "Restorative and positive practices",
    "discipline_boundary": "Discipline boundary",
    "student_interviews_searches": "Student interviews and searches",
    "parent_notification": "Parent notification",
    "arrests_citations": "Arrests, tickets and citations",
    "data_reporting": "Data collection and reporting",
    "complaints": "Complaints process",
    "community_input": "Community input",
    "review_cycle": "Review cycle",
    "publication": "Publication",
    "funding": "Funding and cost sharing",
    "term_renewal": "Term and renewal",
    "termination": "Termination",
    "indemnification": "Indemnification",
    "insurance": "Insurance",
    "dispute_resolution": "Dispute resolution",
    "body_cameras": "Body-worn cameras",
    "equipment": "Equipment and uniform",
    "notices": "Notices",
    "signatures": "Signatures",
    "definitions": "Definitions",
    "recitals": "Recitals and legal authority",
    "staff_training": "Staff guidance on contacting the SRO",
}


def is_element(name: str) -> bool:
    return name in ELEMENTS
