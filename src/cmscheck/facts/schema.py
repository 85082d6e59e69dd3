"""The fact vocabulary: every fact type the fact functions produce, with its fields.

Rules may only test these fields; the rule loader checks each condition against this table.
Facts never hold null: a field that does not apply is left out (test it with $ex / $nex).
"""

FACT_FIELDS: dict[str, dict[str, str]] = {
    "evidence": {
        "kind": "evidence kind id",
        "category": "document | record | data",
        "present": "bool: the bundle holds at least one item of this kind",
        "count": "int: how many items",
        "unapproved": "int: documents of this kind without approved_by",
        "stale": "int: documents not issued or reviewed within 400 days before as_of",
        "kind_zh": "text", "kind_en": "text",
    },
    "activity": {
        "activity": "internal_audit | management_review | tracking_check | compliance_evaluation | training | emission_accounting",
        "count": "int: records dated within the period",
        "days_since_last": "int: days from the last record to as_of (100000 when there is none)",
        "max_gap_days": "int: longest stretch without a record, from period start to as_of",
        "year_end": "bool: internal audit only — one was held in November or December of the period",
        "name_zh": "text", "name_en": "text", "last_zh": "text", "last_en": "text",
    },
    "prior_nc": {
        "nc": "the nonconformity's id", "grade": "severe | general", "nc_type": "systemic | implementation | effectiveness",
        "closed": "bool", "days_open": "int: from raised to closed or as_of",
        "deadline_missed": "bool: corrective action deadline passed before it was closed",
        "verified": "bool: the corrective action was verified",
        "earlier_period": "bool: raised before the period started",
    },
    "instrument": {
        "instrument": "id", "name": "text",
        "calibrated": "bool: at least one calibration record",
        "overdue": "bool: the latest calibration's due date is before as_of",
        "lapsed": "bool: some day of the period was not covered by a valid calibration",
        "failed": "bool: the latest calibration failed",
    },
    "mentions": {
        "name": "the rule's name for the request", "kind": "evidence kind searched",
        "documents": "int: documents of the kind that could be read", "found": "bool: some document contains one of the phrases",
    },
    "source": {
        "source": "emission source id", "year": "int", "source_type": "fuel_combustion | ...",
        "deviation": "float: |computed - reported| / reported",
        "convertible": "bool: the units of activity, factor and reported emissions fit together",
    },
    "inventory": {
        "year": "int", "total_deviation": "float: |sum of sources - reported total| / reported total",
        "sources": "int", "missing_months": "int: months of the period without monitoring data, summed over parameters",
        "intensity_deviation": "float: |total/output - reported intensity| / reported intensity (when given)",
    },
    "market": {
        "year": "int", "shortfall": "float: verified emissions - surrendered allowances (>0 means short)",
        "late": "bool: surrendered after the deadline, or not surrendered and the deadline has passed",
        "balance_gap": "float: |allocated + bought - sold - surrendered - reported balance|",
        "due": "bool: the deadline is on or before as_of",
    },
    "target": {
        "target": "id", "indicator": "text", "achieved": "bool", "due_passed": "bool",
        "plan_carried_out": "yes | no | unknown", "key_measure": "bool", "process_controlled": "yes | no | unknown",
        "shortfall_share": "float: share of the planned improvement not reached (0 = reached, 1 = nothing)",
    },
    "offset": {
        "offset": "id", "offset_kind": "green_certificate | ccer | ...",
        "misapplied": "bool: green certificates applied to anything but purchased electricity",
    },
    "neutrality": {"claimed": "bool", "net_share": "float: (emissions - offsets) / emissions"},
    "resources": {"budget_ratio": "float: spent / planned", "staff_ratio": "float: actual / planned"},
    "communication": {"communication": "id", "late": "bool: happened after its due date", "done": "bool"},
    "records": {"expected": "int: process-record kinds expected", "missing": "int", "missing_share": "float"},
    "baseline": {
        "present": "bool", "year": "int", "expected_year": "int: the year before the system started",
        "data_complete": "bool", "adjustments_without_reason": "int",
    },
    "member": {
        "member": "member name", "has_inventory": "bool", "has_policy": "bool", "has_targets": "bool",
        "nonconformities": "int: nonconformities in the member's own assessment",
    },
    "organization": {"org_kind": "enterprise | park", "market": "none | national | provincial", "members": "int"},
}
