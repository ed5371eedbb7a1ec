"""The invented people of the demo data: each name once, from the many places MiGlobe's advisors come from.

Each row: first name, last name, first language, the countries or regions the person knows well. Every
name is unique, also after folding for diacritics and word order, except the deliberate duplicates at the
end, which the duplicate detection is meant to find. Nobody here is a real person.
"""

# Applied to the closed call "miglobe-2026", in the order of how well the panel will rate them (best first).
CLOSED_CALL_PEOPLE = [
    ("Amina", "Diallo", "Fulfulde", "Westafrika (Guinea, Senegal)"),  # the demo advisor with the login
    ("Kofi", "Boateng", "Twi", "Ghana"),
    ("Olena", "Kovalenko", "Ukrainisch", "Ukraine"),
    ("Mehmet", "Kaya", "Türkisch", "Türkei"),
    ("Fatima", "Benali", "Arabisch", "Marokko, Maghreb"),
    ("Thi Hoa", "Nguyen", "Vietnamesisch", "Vietnam"),
    ("Tesfaye", "Gebremedhin", "Tigrinya", "Eritrea, Äthiopien"),
    ("Lucía", "Ramírez", "Spanisch", "Kolumbien, Andenländer"),
    ("Rahim", "Ahmadi", "Dari", "Afghanistan"),
    ("Grace", "Achieng", "Swahili", "Kenia, Ostafrika"),
    ("Jelena", "Marković", "Serbisch", "Westbalkan"),
    ("Samir", "Haddad", "Arabisch", "Libanon, Naher Osten"),
    ("Chukwuemeka", "Okafor", "Igbo", "Nigeria"),
    ("Priya", "Raman", "Tamil", "Sri Lanka, Südindien"),
    ("Arash", "Karimi", "Persisch", "Iran"),
    ("Hevin", "Aydın", "Kurdisch", "Türkei, Nordirak"),
    ("Ana", "Ferreira", "Portugiesisch", "Brasilien, Mosambik"),
    ("Jean-Pierre", "Mukendi", "Lingala", "DR Kongo"),
    ("Leyla", "Mammadova", "Aserbaidschanisch", "Südkaukasus"),
    ("Yaw", "Mensah", "Ewe", "Togo, Ghana"),
    ("Nour", "Al-Khatib", "Arabisch", "Syrien"),
    ("Ioana", "Popescu", "Rumänisch", "Rumänien, Moldau"),
    ("Abdi", "Warsame", "Somali", "Horn von Afrika"),
    ("Carlos", "Mendoza", "Spanisch", "Peru"),
    ("Mariam", "Tadesse", "Amharisch", "Äthiopien"),
    ("Fatou", "Ndiaye", "Wolof", "Senegal"),
    ("Bilal", "Qureshi", "Urdu", "Pakistan"),
    ("Dragan", "Petrović", "Bosnisch", "Bosnien und Herzegowina"),  # applies again in 2027
    # Not rated: one lives outside Baden-Württemberg, one withdrew.
    ("Wei", "Zhang", "Chinesisch", "China"),
    ("Sofia", "Papadopoulou", "Griechisch", "Griechenland, Zypern"),
]

# Applied to the open call "miglobe-2027".
OPEN_CALL_PEOPLE = [
    ("Ayşe", "Öztürk", "Türkisch", "Türkei"),
    ("Kwabena", "Asante", "Twi", "Ghana"),
    ("Mohammed", "Al-Rashid", "Arabisch", "Irak"),
    ("Nadia", "Hamdan", "Arabisch", "Palästina, Jordanien"),
    ("Oksana", "Melnyk", "Ukrainisch", "Ukraine"),
    ("Emmanuel", "Nkurunziza", "Kirundi", "Burundi, Große Seen"),
    ("Minh", "Tran", "Vietnamesisch", "Vietnam"),
    ("Aylin", "Demir", "Türkisch", "Türkei"),
    ("Gabriel", "Oliveira", "Portugiesisch", "Brasilien"),
    ("Zainab", "Bello", "Hausa", "Nigeria, Sahel"),
    ("Reza", "Hosseini", "Persisch", "Iran"),
    ("Hana", "Kebede", "Amharisch", "Äthiopien"),
    ("Valentina", "Cruz", "Spanisch", "Mexiko, Mittelamerika"),
    ("Luan", "Berisha", "Albanisch", "Kosovo"),
    ("Esra", "Yıldız", "Türkisch", "Türkei"),
    ("Alain", "Mbarga", "Französisch", "Kamerun"),
    ("Svetlana", "Ivanova", "Russisch", "Kasachstan, Zentralasien"),
    ("Rania", "Mansour", "Arabisch", "Tunesien"),
    ("Kiran", "Patel", "Gujarati", "Indien"),
    ("Isabel", "Quispe", "Quechua", "Bolivien, Peru"),
    ("Ibrahim", "Sesay", "Krio", "Sierra Leone"),
    ("Mira", "Khoury", "Arabisch", "Libanon"),
    ("Tomasz", "Nowak", "Polnisch", "Polen"),
    ("Adaeze", "Eze", "Igbo", "Nigeria"),
]
