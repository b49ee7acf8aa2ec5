// AlboEvidence module
