"""Letters (đơn thư): feedback, petitions, complaints and denunciations; their intake,
classification, handling and the cases (vụ việc) opened when one is accepted."""
