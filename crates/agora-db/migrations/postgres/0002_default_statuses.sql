INSERT INTO idea_statuses (code, title_multiloc, color, position) VALUES
    ('proposed', '{"en":"Proposed","nl":"Voorgesteld","fr":"Proposée"}', '#505a64', 1),
    ('viewed', '{"en":"Viewed","nl":"Bekeken","fr":"Vue"}', '#0b5394', 2),
    ('under_consideration', '{"en":"Under consideration","nl":"In behandeling","fr":"À l''étude"}', '#7a4b00', 3),
    ('accepted', '{"en":"Accepted","nl":"Aanvaard","fr":"Acceptée"}', '#1e6b34', 4),
    ('rejected', '{"en":"Rejected","nl":"Afgewezen","fr":"Refusée"}', '#a4262c', 5),
    ('implemented', '{"en":"Implemented","nl":"Uitgevoerd","fr":"Réalisée"}', '#14532d', 6);
