/*
 * SPDX-License-Identifier: MIT
 *
 * Set-up shared by the AliOS scenarios: the sample port (alios_port_file.c)
 * behind the adapter, with the adapter's record in a file, and readers for
 * what the port left in its flash partitions.
 */

#ifndef ALIOS_COMMON_H
#define ALIOS_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "ota_alios_adapter.h"

/* The sample port's module. */
extern hal_ota_module_t file_ota_module;

/* The port's boot flag (its parameter partition). */
typedef struct
{
    uint32_t magic;
    uint32_t upgrade_flag; /* 0 normal, 1 switch to the new image, 2 new image booted, 3 boot failed */
    uint32_t image_len;
    uint32_t image_crc;
} AliosFlag_t;

#define ALIOS_FLAG_MAGIC    0x20180712UL

/* Fills a configuration for the sample port: key from the generated code
 * signer header, record in ota_agent_bp.bin, a breakpoint every `every`
 * blocks. pModule NULL means "use the registered module". */
void alios_config( OtaAliOSConfig_t * cfg,
                   hal_ota_module_t * pModule,
                   uint32_t every );

bool alios_read_flag( AliosFlag_t * flag );
bool alios_write_flag( const AliosFlag_t * flag );

/* Compares the first size bytes of the OTA partition with data. */
bool alios_partition_holds( const uint8_t * data,
                            uint32_t size );

/* Flips one byte of the OTA partition. */
bool alios_corrupt_partition( uint32_t offset );

/* CRC-16/XMODEM of data computed the CheckSumUtils way (augmented form). */
uint16_t alios_port_crc( const uint8_t * data,
                         uint32_t size );

#endif /* ALIOS_COMMON_H */
