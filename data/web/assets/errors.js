// What an API error says to a person, in their language. Every code the server can answer with has a sentence
// here in Bahasa Indonesia and in English (tests/web/web_test.cc checks the server's codes against this table);
// the server's own `message` is English for logs and API clients and is never shown raw on a page. Sentences
// tell the reader what to do next and, where time will allow it, when: "{seconds}" comes from the error's
// details.retry_after_seconds, "{ticket}" and "{counter}" from details.ticket and details.counter.
import { addStrings, lang, pick, t } from './i18n.js';

const MESSAGES = {
    // The request itself.
    malformed_json: ['Permintaan tidak dapat dibaca. Muat ulang halaman lalu coba lagi.', 'The request could not be read. Reload the page and try again.'],
    malformed_request: ['Permintaan tidak dapat dibaca. Muat ulang halaman lalu coba lagi.', 'The request could not be read. Reload the page and try again.'],
    malformed_target: ['Alamat halaman tidak valid.', 'The address is not valid.'],
    json_required: ['Permintaan harus berupa JSON. Muat ulang halaman lalu coba lagi.', 'The request must be JSON. Reload the page and try again.'],
    invalid_body: ['Isian tidak lengkap atau tidak valid. Periksa lalu coba lagi.', 'Something in the form is missing or not valid. Check it and try again.'],
    invalid_field: ['Isian {field} tidak valid. Periksa lalu coba lagi.', 'The {field} is not valid. Check it and try again.'],
    body_too_large: ['Data yang dikirim terlalu besar.', 'What was sent is too large.'],
    header_too_large: ['Permintaan terlalu besar. Hapus cookie situs ini lalu coba lagi.', 'The request is too large. Clear this site’s cookies and try again.'],
    cookie_too_large: ['Cookie terlalu besar. Hapus cookie situs ini lalu masuk lagi.', 'The cookies are too large. Clear this site’s cookies and sign in again.'],
    method_not_allowed: ['Tindakan ini tidak tersedia di sini.', 'This action is not available here.'],
    not_found: ['Halaman atau data tidak ditemukan.', 'The page or data was not found.'],
    asset_not_found: ['Berkas halaman tidak ditemukan. Muat ulang halaman.', 'A file of this page is missing. Reload the page.'],
    request_timeout: ['Permintaan terlalu lama. Periksa jaringan lalu coba lagi.', 'The request took too long. Check the network and try again.'],
    rate_limited: ['Terlalu banyak permintaan dari perangkat ini. Coba lagi dalam {seconds} detik.', 'Too many requests from this device. Try again in {seconds} seconds.'],

    // The server.
    busy: ['Server sedang sibuk. Coba lagi sebentar lagi.', 'The server is busy. Try again in a moment.'],
    over_capacity: ['Server sedang penuh. Coba lagi sebentar lagi.', 'The server is full. Try again in a moment.'],
    shutting_down: ['Server sedang dimulai ulang. Coba lagi sebentar lagi.', 'The server is restarting. Try again in a moment.'],
    not_ready: ['Server belum siap. Coba lagi sebentar lagi.', 'The server is not ready yet. Try again in a moment.'],
    storage_unavailable: ['Data tidak dapat disimpan saat ini; tidak ada yang berubah. Hubungi petugas TI.', 'Nothing could be saved just now and nothing changed. Call the IT staff.'],
    internal: ['Terjadi kesalahan di server; tidak ada yang berubah. Coba lagi atau hubungi petugas TI.', 'The server made a mistake and nothing changed. Try again or call the IT staff.'],
    internal_error: ['Terjadi kesalahan di server; tidak ada yang berubah. Coba lagi atau hubungi petugas TI.', 'The server made a mistake and nothing changed. Try again or call the IT staff.'],
    no_response: ['Server tidak menjawab. Coba lagi.', 'The server did not answer. Try again.'],
    routing_error: ['Panggilan tidak dapat diputuskan; tidak ada yang berubah. Hubungi petugas TI.', 'The call could not be decided and nothing changed. Call the IT staff.'],
    prediction_error: ['Perkiraan waktu tunggu tidak tersedia. Hubungi petugas TI.', 'The predicted wait is not available. Call the IT staff.'],
    unknown_action: ['Tindakan ini tidak dikenal. Muat ulang halaman.', 'This action is unknown. Reload the page.'],
    ticket_not_issued: ['Nomor antrian tidak dapat dibuat; tidak ada yang tersimpan. Coba lagi.', 'The ticket could not be issued and nothing was kept. Try again.'],
    voice_unavailable: ['Suara panggilan tidak tersedia di server ini.', 'Spoken calls are not available on this server.'],
    invalid_event: ['Data antrian tidak valid. Hubungi petugas TI.', 'The queue data is not valid. Call the IT staff.'],
    unknown_event_type: ['Data antrian tidak dikenal. Hubungi petugas TI.', 'The queue data is unknown. Call the IT staff.'],

    // Signing in and permissions.
    authentication_required: ['Silakan masuk terlebih dahulu.', 'Please sign in first.'],
    not_authenticated: ['Silakan masuk terlebih dahulu.', 'Please sign in first.'],
    session_expired: ['Sesi Anda telah berakhir. Silakan masuk lagi.', 'Your session has ended. Please sign in again.'],
    session_not_found: ['Sesi tidak ditemukan. Silakan masuk lagi.', 'The session was not found. Please sign in again.'],
    invalid_token: ['Token perangkat tidak berlaku lagi. Minta admin membuat tautan perangkat baru.', 'This device’s token is no longer valid. Ask an administrator for a new device link.'],
    invalid_credentials: ['Nama pengguna atau kata sandi salah.', 'Wrong username or password.'],
    login_locked: ['Terlalu banyak percobaan masuk. Coba lagi dalam {seconds} detik.', 'Too many sign-in attempts. Try again in {seconds} seconds.'],
    account_disabled: ['Akun ini dinonaktifkan. Hubungi admin.', 'This account is disabled. Contact an administrator.'],
    account_not_found: ['Akun tidak ditemukan.', 'The account was not found.'],
    csrf_invalid: ['Halaman ini sudah terlalu lama terbuka. Muat ulang lalu coba lagi.', 'This page has been open too long. Reload it and try again.'],
    role_not_allowed: ['Peran Anda tidak diizinkan melakukan ini.', 'Your role may not do this.'],
    other_tenant: ['Data ini milik pemerintah daerah lain.', 'This belongs to another government.'],
    other_hall: ['Anda tidak bertugas di mal pelayanan ini.', 'You do not work at this service hall.'],
    other_unit: ['Layanan ini milik unit lain.', 'This service belongs to another unit.'],
    not_your_counter: ['{counter} dibuka oleh petugas lain. Pilih loket lain.', '{counter} was opened by another officer. Choose another counter.'],
    not_yourself: ['Anda hanya dapat bertindak atas nama Anda sendiri.', 'You can only act as yourself.'],
    priority_not_allowed: ['Antrian prioritas hanya dapat diambil di kiosk mal atau melalui petugas.', 'Priority tickets are issued only at the hall’s kiosk or by an officer.'],
    wrong_password: ['Kata sandi saat ini salah.', 'The current password is wrong.'],
    weak_password: ['Kata sandi terlalu lemah: gunakan sedikitnya 10 karakter yang tidak mudah ditebak.', 'The password is too weak: use at least 10 characters that are hard to guess.'],
    same_password: ['Kata sandi baru harus berbeda dari yang lama.', 'The new password must differ from the old one.'],
    invalid_username: ['Nama pengguna tidak valid.', 'The username is not valid.'],
    username_taken: ['Nama pengguna sudah dipakai.', 'This username is taken.'],
    invalid_role: ['Peran tidak dikenal.', 'Unknown role.'],
    officer_required: ['Akun petugas harus terhubung ke seorang petugas.', 'An officer account must name an officer.'],
    unknown_officer: ['Petugas tidak dikenal.', 'Unknown officer.'],
    unknown_tenant: ['Pemerintah daerah tidak dikenal.', 'Unknown government.'],
    unknown_hall: ['Mal pelayanan tidak dikenal.', 'Unknown service hall.'],
    unknown_unit: ['Unit tidak dikenal.', 'Unknown unit.'],
    cannot_disable_yourself: ['Anda tidak dapat menonaktifkan akun Anda sendiri.', 'You cannot disable your own account.'],
    device_not_found: ['Perangkat tidak ditemukan.', 'The device was not found.'],
    device_exists: ['Perangkat dengan nama ini sudah ada.', 'A device with this name exists.'],
    invalid_trusted_proxies: ['Daftar proxy tepercaya tidak valid.', 'The list of trusted proxies is not valid.'],

    // The hall and its tickets.
    hall_not_found: ['Mal pelayanan tidak ditemukan.', 'Service hall not found.'],
    hall_closed: ['Mal pelayanan sedang tutup. Silakan datang lagi pada jam layanan.', 'The service hall is closed now. Please come back during opening hours.'],
    service_not_offered: ['Layanan ini tidak tersedia di mal ini.', 'This service is not offered at this hall.'],
    unknown_priority: ['Jenis prioritas tidak dikenal.', 'Unknown priority group.'],
    ticket_not_found: ['Nomor antrian tidak ditemukan untuk hari ini. Periksa nomor dan mal pelayanannya.', 'No such ticket today. Check the number and the service hall.'],
    ticket_not_waiting: ['{ticket} sudah tidak menunggu. Daftar antrian diperbarui.', '{ticket} is no longer waiting. The list has been refreshed.'],
    ticket_not_called: ['{ticket} belum dipanggil. Panggil dulu sebelum memulai.', '{ticket} has not been called. Call it first.'],
    already_serving: ['{ticket} sedang dilayani. Tekan Selesai bila layanan sudah tuntas.', '{ticket} is already being served. Press Done when the service is complete.'],
    ticket_not_serving: ['{ticket} belum dilayani. Tekan Mulai layanan terlebih dahulu.', '{ticket} is not being served. Press Start service first.'],
    ticket_closed: ['{ticket} sudah selesai dan tidak dapat dialihkan.', '{ticket} is closed and can no longer be transferred.'],
    ticket_not_cancellable: ['{ticket} tidak dapat dibatalkan lagi.', '{ticket} can no longer be cancelled.'],
    same_service: ['{ticket} sudah untuk layanan itu. Pilih layanan lain.', '{ticket} is already for that service. Choose another.'],
    max_calls_reached: ['{ticket} sudah dipanggil {calls} kali. Catat sebagai tidak hadir.', '{ticket} has been called {calls} times. Record a no-show.'],
    recall_too_soon: ['Panggil ulang bisa lagi dalam {seconds} detik: warga mungkin sedang menuju loket.', 'You can call again in {seconds} seconds: the citizen may be on the way.'],
    too_few_calls: ['{ticket} baru dipanggil {calls} dari {max_calls} kali. Panggil ulang dulu sebelum mencatat tidak hadir.', '{ticket} has been called {calls} of {max_calls} times. Call again before recording a no-show.'],
    no_show_too_soon: ['Tidak hadir bisa dicatat dalam {seconds} detik: warga mungkin sedang menuju loket.', 'A no-show can be recorded in {seconds} seconds: the citizen may be on the way.'],
    citizen_not_found: ['Data warga tidak ditemukan.', 'The citizen’s data was not found.'],
    personal_data_erased: ['Data pribadi ini sudah dihapus sesuai masa simpan.', 'This personal data has been erased as the retention rules require.'],
    no_personal_data: ['Tidak ada data pribadi untuk nomor ini.', 'There is no personal data for this ticket.'],
    consent_required: ['Centang persetujuan untuk menerima pesan di nomor HP ini.', 'Tick the consent box to receive messages on this phone number.'],
    vault_corrupt: ['Data pribadi tidak dapat dibaca. Hubungi petugas TI.', 'The personal data cannot be read. Call the IT staff.'],

    // Counters.
    counter_not_found: ['Loket tidak ditemukan di mal ini.', 'No such counter in this hall.'],
    counter_closed: ['{counter} tutup. Buka loket terlebih dahulu.', '{counter} is closed. Open it first.'],
    counter_paused: ['{counter} sedang istirahat. Tekan Lanjutkan melayani terlebih dahulu.', '{counter} is on break. Press Resume serving first.'],
    counter_not_paused: ['{counter} tidak sedang istirahat.', '{counter} is not on break.'],
    counter_busy: ['{counter} masih melayani {ticket}. Selesaikan layanan atau catat tidak hadir dulu.', '{counter} is still busy with {ticket}. Finish the service or record a no-show first.'],
    counter_already_open: ['{counter} sudah dibuka. Masuk ke loket itu atau pilih loket lain.', '{counter} is already open. Go to it or choose another counter.'],
    service_not_at_counter: ['Loket ini tidak melayani layanan {ticket}.', 'This counter does not serve {ticket}’s service.'],
    officer_not_found: ['Petugas tidak ditemukan.', 'The officer was not found.'],
    officer_at_other_counter: ['Petugas ini sudah membuka loket lain. Tutup loket itu dulu.', 'This officer has another counter open. Close it first.'],
    officer_lacks_skill: ['Petugas ini belum memiliki keahlian untuk layanan tersebut.', 'This officer has no skill for that service yet.'],
    no_services: ['Pilih sedikitnya satu layanan yang Anda kuasai.', 'Choose at least one service you are skilled in.'],

    // Identity numbers.
    nik_not_16_digits: ['NIK terdiri dari tepat 16 angka.', 'A NIK is exactly 16 digits.'],
    nik_unknown_province: ['Dua angka pertama NIK bukan kode provinsi. Periksa kembali.', 'The first two digits of the NIK are not a province code. Check it.'],
    nik_bad_day: ['Tanggal lahir pada NIK tidak valid. Periksa kembali.', 'The day of birth in the NIK is not valid. Check it.'],
    nik_bad_month: ['Bulan lahir pada NIK tidak valid. Periksa kembali.', 'The month of birth in the NIK is not valid. Check it.'],
    nik_impossible_date: ['Tanggal lahir pada NIK tidak ada di kalender. Periksa kembali.', 'The date of birth in the NIK does not exist. Check it.'],
    nik_serial_zero: ['Empat angka terakhir NIK tidak boleh 0000.', 'The last four digits of a NIK cannot be 0000.'],
    nik_birth_date_mismatch: ['Tanggal lahir tidak cocok dengan NIK.', 'The date of birth does not match the NIK.'],
    nik_sex_mismatch: ['Jenis kelamin tidak cocok dengan NIK.', 'The sex does not match the NIK.'],
    phone_empty: ['Isi nomor HP.', 'Enter a phone number.'],
    phone_invalid_characters: ['Nomor HP hanya berisi angka (boleh diawali +).', 'A phone number holds digits only (it may start with +).'],
    phone_not_indonesian: ['Gunakan nomor HP Indonesia (08… atau +62…).', 'Use an Indonesian mobile number (08… or +62…).'],
    phone_not_mobile: ['Nomor ini bukan nomor HP. Gunakan nomor yang diawali 08.', 'This is not a mobile number. Use one starting with 08.'],
    phone_bad_length: ['Panjang nomor HP tidak sesuai. Periksa kembali.', 'The phone number has the wrong length. Check it.'],

    // The satisfaction survey.
    survey_answer_out_of_range: ['Setiap jawaban bernilai 1 sampai 4.', 'Each answer is from 1 to 4.'],
    survey_element_unanswered: ['Jawab semua pertanyaan survei.', 'Answer every question of the survey.'],
    survey_too_many_answers: ['Survei berisi jawaban yang tidak diminta.', 'The survey holds answers to questions it does not ask.'],
    survey_unknown_element: ['Pertanyaan survei tidak dikenal.', 'Unknown survey question.'],
    survey_totals_invalid: ['Rekap survei tidak valid.', 'The survey totals are not valid.'],
    survey_link_invalid: ['Tautan survei ini tidak valid. Buka dari kode QR pada karcis antrian Anda.', 'This survey link is not valid. Open it from the QR code on your queue ticket.'],
    survey_already_answered: ['Survei untuk nomor ini sudah diisi. Terima kasih!', 'The survey of this ticket has already been answered. Thank you!'],
    survey_not_served: ['Survei dibuka setelah Anda selesai dilayani.', 'The survey opens once you have been served.'],
    survey_link_expired: ['Masa pengisian survei untuk nomor ini sudah berakhir.', 'The survey of this ticket has closed.'],
    survey_consent_required: ['Centang persetujuan agar jawaban Anda dapat diolah.', 'Tick the consent box so that your answers can be processed.'],
    survey_unanswered: ['Jawab semua sembilan pertanyaan.', 'Answer all nine questions.'],
    survey_comment_too_long: ['Saran terlalu panjang; persingkat menjadi paling banyak 1000 huruf.', 'The comment is too long; keep it to 1000 characters.'],
    survey_unknown_profile: ['Pilihan data responden tidak dikenal.', 'Unknown choice in the respondent profile.'],
    survey_tablet_only: ['Hanya tablet survei mal ini atau petugasnya yang dapat membuka survei loket.', 'Only this hall’s survey tablets or its staff can open a counter’s survey.'],
    survey_nothing_to_answer: ['Belum ada layanan yang selesai di loket ini untuk dinilai.', 'No finished service at this counter is waiting for its survey.'],

    // The digital twin and the records.
    invalid_range: ['Rentang tanggal tidak valid. Periksa tanggal awal dan akhir (paling lama 366 hari).', 'The date range is not valid. Check the first and last day (at most 366 days).'],

    // Forms with files.
    multipart_invalid: ['Formulir yang dikirim tidak dapat dibaca. Muat ulang halaman lalu kirim lagi.', 'The form sent cannot be read. Reload the page and send it again.'],

    // The work calendar.
    reason_required: ['Tuliskan alasannya: warga akan membacanya.', 'Give the reason: citizens will read it.'],
    calendar_field_invalid: ['Isian kalender tidak valid.', 'A calendar field is not valid.'],
    calendar_hours_invalid: ['Jam layanan tidak valid: buka harus sebelum tutup, istirahat di antaranya.', 'The hours are not valid: opening comes before closing, the break in between.'],
    calendar_no_working_weekday: ['Sepekan harus punya paling sedikit satu hari kerja. Untuk menutup sementara, tutup per tanggal.', 'A week needs at least one working day. To close for a while, close single dates.'],
    calendar_override_needs_hours: ['Hari itu biasanya tutup: sebutkan jam bukanya.', 'That day is usually closed: give its opening hours.'],
    calendar_duplicate_day: ['Tanggal itu sudah tercatat sebagai hari libur.', 'That date is already a holiday.'],
    calendar_day_outside_years: ['Hari libur nasional itu di luar tahun yang dinyatakan lengkap ("years").', 'That national holiday falls outside the years declared complete ("years").'],
    calendar_import_invalid: ['Berkas ini bukan daftar libur nasional yang dapat diimpor.', 'This file is not a national holiday list that can be imported.'],
    calendar_json_malformed: ['Berkas kalender bukan JSON yang valid.', 'The calendar file is not valid JSON.'],
    calendar_scope_invalid: ['Cakupan kalender tidak valid.', 'The calendar scope is not valid.'],
    calendar_event_invalid: ['Catatan kalender tidak dapat dibaca.', 'A calendar record cannot be read.'],
    deadline_amount_negative: ['Jangka waktu tidak boleh negatif.', 'A time limit cannot be negative.'],
    sla_clock_already_paused: ['Jam layanan sudah dihentikan sementara.', 'The service clock is already paused.'],
    sla_clock_not_paused: ['Jam layanan tidak sedang dihentikan.', 'The service clock is not paused.'],
    sla_clock_stopped: ['Jam layanan sudah berhenti.', 'The service clock has stopped.'],
    sla_clock_time_invalid: ['Waktu itu sebelum langkah sebelumnya.', 'That time is before the previous step.'],

    // Service standards.
    standard_not_in_force: ['Layanan ini belum memiliki standar pelayanan yang berlaku pada tanggal itu.', 'This service has no service standard in force on that date.'],
    standard_backdated: ['Versi baru standar pelayanan tidak boleh berlaku surut: tanggal berlaku paling cepat hari ini.', 'A new version of a service standard cannot be back-dated: it takes effect today at the earliest.'],
    standard_valid_from_before_previous: ['Tanggal berlaku versi baru tidak boleh sebelum tanggal berlaku versi sebelumnya.', 'A new version cannot take effect before the previous one.'],
    standard_valid_from_invalid: ['Tanggal berlaku standar tidak valid.', 'The date the standard takes effect is not valid.'],
    standard_completion_invalid: ['Jangka waktu penyelesaian tidak valid: hari kerja, hari kalender, atau jam kerja.', 'The completion time is not valid: working days, calendar days or working hours.'],
    standard_component_missing: ['Komponen standar pelayanan yang wajib belum diisi.', 'A required component of the service standard is missing.'],
    standard_decree_missing: ['Nomor dan tanggal keputusan yang menetapkan standar wajib diisi.', 'The number and date of the decree that sets the standard are required.'],
    standard_fee_negative: ['Biaya tidak boleh negatif.', 'A fee cannot be negative.'],
    standard_officer_count_negative: ['Jumlah pelaksana tidak boleh negatif.', 'The number of officers cannot be negative.'],
    standard_requirement_invalid: ['Ada persyaratan yang tidak valid: periksa kode, jenis berkas, dan ukurannya.', 'A requirement is not valid: check its code, file types and size.'],
    standard_json_invalid: ['Standar pelayanan tidak dapat dibaca.', 'The service standard cannot be read.'],
    standard_not_found: ['Standar pelayanan permohonan ini tidak ditemukan.', 'The service standard of this request was not found.'],

    // Service requests.
    request_not_found: ['Permohonan dengan kode lacak ini tidak ditemukan. Periksa kode pada tanda terima Anda.', 'There is no request with this tracking code. Check the code on your receipt.'],
    request_exists: ['Kode lacak ini sudah dipakai. Silakan kirim ulang.', 'This tracking code is taken. Please send again.'],
    request_field_invalid: ['Ada isian permohonan yang tidak valid.', 'A field of the request is not valid.'],
    request_transition_invalid: ['Langkah itu tidak dapat dilakukan pada permohonan dengan status ini.', 'That step cannot be taken on a request in this status.'],
    request_document_missing: ['Dokumen yang wajib belum dilampirkan.', 'A required document is missing.'],
    tracking_code_mistyped: ['Kode lacak ini salah ketik: periksa lagi dengan tanda terima Anda.', 'This tracking code has a typing mistake: check it against your receipt.'],
    upload_requirement_unknown: ['Layanan ini tidak meminta dokumen tersebut.', 'The service does not ask for that document.'],
    upload_duplicate: ['Kirim satu berkas untuk setiap persyaratan.', 'Send one file for each requirement.'],
    upload_empty: ['Berkas itu kosong.', 'That file is empty.'],
    upload_name_invalid: ['Nama berkas tidak valid: jangan memakai garis miring atau "..".', 'The file name is not valid: no slashes or "..".'],
    upload_too_large: ['Berkas terlalu besar untuk persyaratan ini.', 'The file is too large for this requirement.'],
    upload_type_not_accepted: ['Jenis berkas ini tidak diterima: kirim PDF, JPEG, atau PNG sesuai persyaratan.', 'This kind of file is not accepted: send a PDF, JPEG or PNG as the requirement says.'],
    uploads_unavailable: ['Dokumen belum dapat diterima saat ini. Silakan coba lagi nanti atau datang ke loket.', 'Documents cannot be received right now. Please try later or come to a counter.'],
    document_not_found: ['Permohonan ini tidak memiliki dokumen tersebut.', 'This request holds no such document.'],
    reason_too_long: ['Alasan terlalu panjang.', 'The reason is too long.'],
    text_required: ['Tuliskan pesannya.', 'Write the message.'],
    text_too_long: ['Pesan terlalu panjang.', 'The message is too long.'],
    action_unknown: ['Langkah ini tidak dikenal.', 'This step is not known.'],
    standards_document_invalid: ['Berkas standar pelayanan tidak dapat dipakai. Periksa isian yang disebut.', 'The service standards file cannot be used. Check the field named.'],

    // The performance figures.
    tenant_not_found: ['Pemerintah daerah ini tidak ditemukan.', 'This government was not found.'],
    unit_not_found: ['Unit layanan tidak ditemukan.', 'The unit was not found.'],
    service_not_found: ['Layanan tidak ditemukan.', 'The service was not found.'],
    export_not_found: ['Tabel unduhan tidak ditemukan.', 'There is no such table to download.'],
    export_failed: ['Berkas unduhan tidak dapat dibuat. Coba lagi atau unduh CSV.', 'The download could not be made. Try again or download the CSV.'],
    invalid_study: ['Kajian ini tidak valid. Periksa isiannya.', 'This study is not valid. Check its fields.'],
    study_failed: ['Kajian gagal dijalankan.', 'The study failed.'],
    study_not_found: ['Kajian tidak ditemukan (kajian hilang bila server dimulai ulang).', 'The study was not found (studies are lost when the server restarts).'],
    no_history: ['Belum ada riwayat antrian pada tanggal itu.', 'There is no queue history on those days.'],
    unknown_policy: ['Aturan pemanggilan tidak dikenal.', 'Unknown calling rule.'],
    invalid_target: ['Target layanan tidak valid, misalnya "80% dalam 15 menit".', 'The service target is not valid, e.g. "80% within 15 min".'],
    invalid_scenario: ['Skenario tidak valid.', 'The scenario is not valid.'],
    subject_required: ['Sebutkan warga yang dimaksud.', 'Name the citizen concerned.'],
    invalid_ground: ['Dasar hukum tidak valid.', 'The legal ground is not valid.'],
    invalid_stream: ['Aliran data tidak valid.', 'The stream is not valid.'],
    version_conflict: ['Data berubah saat Anda bekerja. Muat ulang lalu coba lagi.', 'The data changed meanwhile. Reload and try again.'],
    previous_append_failed: ['Perubahan sebelumnya tidak tersimpan, jadi yang ini juga tidak. Coba lagi.', 'The change before this one was not saved, so this one was not either. Try again.'],

    // Moving a government's data between databases (`layan export` / `layan import`).
    archive_invalid: ['Berkas arsip tidak dapat dibaca atau terpotong; tidak ada yang diimpor.', 'The archive file cannot be read or is cut short; nothing was imported.'],
    archive_tampered: ['Berkas arsip telah diubah; tidak ada yang diimpor.', 'The archive file was altered; nothing was imported.'],
    audit_trail_tampered: ['Jejak audit basis data ini tidak utuh; tidak ada yang diekspor.', 'The audit trail of this database does not verify; nothing was exported.'],
    tenant_exists: ['Data pemerintah daerah ini sudah ada di basis data tujuan; tidak ada yang diimpor.', 'This government\'s data is already in the target database; nothing was imported.'],
    vault_key_mismatch: ['Data pribadi dalam arsip dikunci dengan kunci lain; pakai berkas kunci asalnya.', 'The archive\'s personal data is sealed under another key; use the source\'s key file.'],

    // The store: what only a broken installation answers with.
    storage_error: ['Data tidak dapat dibaca atau disimpan. Hubungi petugas TI.', 'The data cannot be read or saved. Call the IT staff.'],
    invalid_expected_version: ['Data berubah saat Anda bekerja. Muat ulang lalu coba lagi.', 'The data changed meanwhile. Reload and try again.'],
    invalid_event_data: ['Data tersimpan tidak valid. Hubungi petugas TI.', 'Stored data is not valid. Call the IT staff.'],
    invalid_event_type: ['Data tersimpan tidak dikenal. Hubungi petugas TI.', 'Stored data is unknown. Call the IT staff.'],
    no_events: ['Belum ada data untuk ini.', 'There is no data for this yet.'],
    duplicate_kind: ['Data ganda. Hubungi petugas TI.', 'Duplicate data. Call the IT staff.'],
    invalid_catalog: ['Katalog layanan tidak valid. Hubungi admin.', 'The service catalog is not valid. Contact an administrator.'],
    malformed_catalog: ['Katalog layanan tidak dapat dibaca. Hubungi admin.', 'The service catalog cannot be read. Contact an administrator.'],
    catalog_file_not_found: ['Berkas katalog layanan tidak ditemukan. Hubungi admin.', 'The service catalog file was not found. Contact an administrator.'],
    unknown_service: ['Layanan tidak dikenal.', 'Unknown service.'],
};

// Field names as people read them (details.field of invalid_field); a field not here gets the general sentence.
const FIELDS = {
    service: ['layanan', 'service'],
    services: ['layanan', 'services'],
    priority: ['prioritas', 'priority'],
    phone: ['nomor HP', 'phone number'],
    phone_consent: ['persetujuan', 'consent'],
    nik: ['NIK', 'NIK'],
    reason: ['alasan', 'reason'],
    officer: ['petugas', 'officer'],
    ticket: ['nomor antrian', 'ticket'],
    username: ['nama pengguna', 'username'],
    password: ['kata sandi', 'password'],
    current_password: ['kata sandi saat ini', 'current password'],
    new_password: ['kata sandi baru', 'new password'],
};

// The sentence when a code has none of its own: by the kind of refusal.
const BY_STATUS = {
    0: ['Server tidak dapat dihubungi. Periksa jaringan lalu coba lagi.', 'The server cannot be reached. Check the network and try again.'],
    400: ['Permintaan tidak dapat dibaca. Muat ulang halaman lalu coba lagi.', 'The request could not be read. Reload the page and try again.'],
    401: ['Silakan masuk terlebih dahulu.', 'Please sign in first.'],
    403: ['Anda tidak diizinkan melakukan ini.', 'You may not do this.'],
    404: ['Tidak ditemukan.', 'Not found.'],
    409: ['Tidak dapat dilakukan sekarang: keadaan sudah berubah. Data diperbarui.', 'This cannot be done now: things have changed. The data has been refreshed.'],
    413: ['Data yang dikirim terlalu besar.', 'What was sent is too large.'],
    422: ['Isian tidak valid. Periksa lalu coba lagi.', 'Something in the form is not valid. Check it and try again.'],
    429: ['Terlalu banyak permintaan. Coba lagi sebentar lagi.', 'Too many requests. Try again in a moment.'],
    503: ['Server sedang sibuk. Coba lagi sebentar lagi.', 'The server is busy. Try again in a moment.'],
};

const table = { id: {}, en: {} };
for (const [code, [id, en]] of Object.entries(MESSAGES)) {
    table.id[`err.${code}`] = id;
    table.en[`err.${code}`] = en;
}
for (const [status, [id, en]] of Object.entries(BY_STATUS)) {
    table.id[`err.status.${status}`] = id;
    table.en[`err.status.${status}`] = en;
}
addStrings(table);
addStrings({
    id: { 'err.unexpected': 'Terjadi kesalahan di halaman ini. Muat ulang halaman lalu coba lagi.', 'err.some_counter': 'Loket ini', 'err.some_ticket': 'Nomor ini', 'err.some_seconds': 'beberapa', 'err.code': 'kode' },
    en: { 'err.unexpected': 'Something went wrong on this page. Reload it and try again.', 'err.some_counter': 'This counter', 'err.some_ticket': 'This ticket', 'err.some_seconds': 'a few', 'err.code': 'code' },
});

/** The codes this table knows (for tests and tools). */
export const knownCodes = Object.keys(MESSAGES);

/**
 * The sentence for an error (an ApiError, or anything thrown) in the page's language. A code without a sentence
 * of its own gets the sentence of its kind (by HTTP status) and its code, never the server's English text raw.
 */
export function errorMessage(error) {
    const code = error?.code;
    const details = error?.details || {};
    if (code === 'hall_closed' && details.reason) {
        return lang() === 'id' ? `Mal pelayanan tutup hari ini: ${pick(details.reason)}.`
                               : `The service hall is closed today: ${pick(details.reason)}.`;
    }
    if (code === 'hall_closed' && details.opens && details.closes) {
        return lang() === 'id' ? `Mal pelayanan sedang tutup. Hari ini buka pukul ${details.opens}–${details.closes}.`
                               : `The service hall is closed now. Today it opens ${details.opens}–${details.closes}.`;
    }
    const params = {
        counter: details.counter ?? t('err.some_counter'),
        ticket: details.ticket ?? t('err.some_ticket'),
        seconds: details.retry_after_seconds ?? details.retry_after_s ?? t('err.some_seconds'),
        calls: details.calls ?? '?',
        max_calls: details.max_calls ?? '?',
        field: FIELDS[details.field]?.[lang() === 'id' ? 0 : 1],
    };
    if (code === 'invalid_field' && !params.field) return t('err.status.422');
    if (code && MESSAGES[code]) return t(`err.${code}`, params);
    const status = error?.status;
    const kind = BY_STATUS[status] ? `err.status.${status}` : (status >= 500 ? 'err.status.503' : null);
    if (kind) return code && code !== 'network' ? `${t(kind)} (${t('err.code')}: ${code})` : t(kind);
    return t('err.unexpected');
}
